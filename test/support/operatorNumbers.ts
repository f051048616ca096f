// The operators' numbers as a deployment sets them (DEST_* app settings). Without them the flow's
// placeholders are the lines' own numbers, and the app refuses to transfer a call to the number it
// came in on (test/webhook/dialLoopGuard.test.ts): tests of a transfer set these, as a deployment must.
export const OPERATOR_NUMBERS = {
  DEST_CONSUMER_OPERATOR_IT: '+390200000001',
  DEST_CONSUMER_OPERATOR_EN: '+390200000002',
  DEST_MERCHANT_OPERATOR_IT: '+390200000003',
  DEST_MERCHANT_OPERATOR_EN: '+390200000004',
} as const;
