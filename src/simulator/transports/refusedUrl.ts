// Thrown by a transport that will not fetch a URL. The simulator turns it into
// a `not-followed` outcome naming the URL, instead of a Twilio error code:
// the app did nothing wrong, the simulator chose not to go there.

export class RefusedUrlError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`not fetching ${url}: ${reason}`);
    this.name = 'RefusedUrlError';
  }
}
