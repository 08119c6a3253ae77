/** What the load generator needs from an HTTP/1.1 response head. */
export interface ResponseHead {
  status: number;
  /** Absent with chunked encoding (or no body). */
  contentLength?: number;
  chunked: boolean;
  /** The server will close the connection after this response. */
  close: boolean;
  /** Offset of the first body byte in the buffer. */
  bodyStart: number;
}

/** Parses the head at the start of `buffer`; undefined until it has fully arrived. */
export function parseResponseHead(buffer: Buffer): ResponseHead | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buffer.toString('latin1', 0, end).split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!statusLine) throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(lines[0].slice(0, 80))}`);
  const head: ResponseHead = { status: Number(statusLine[1]), chunked: false, close: lines[0].startsWith('HTTP/1.0'), bodyStart: end + 4 };
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim().toLowerCase();
    if (name === 'content-length') head.contentLength = Number(value);
    else if (name === 'transfer-encoding') head.chunked = value.split(',').map((part) => part.trim()).includes('chunked');
    else if (name === 'connection') head.close = value === 'close';
  }
  return head;
}
