// Where the app's lines go, one message each at one of three levels: the
// console in the function app and under `npm start`, a list a test reads.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
