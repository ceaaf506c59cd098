/**
 * The socket.io packet parser every link in this product uses (hub <-> console, headless
 * console <-> page). socket.io-parser 4.2.7 refuses a packet with more than 10 binary
 * attachments ("too many attachments": the link drops with "parse error"), and our answers
 * carry one per image: a page of plate-search results with 25 thumbnails, the hub's
 * `reads:images` answer for them. Only the limit changes; the wire format is socket.io's.
 * The receiving side is what checks it, and each side here trusts what it talks to no less
 * than the byte limits (maxHttpBufferSize) that still bound every packet.
 */
import { Decoder, Encoder } from 'socket.io-parser';

/** Binary attachments one packet may carry (two images per hit, one per search result). */
export const MAX_ATTACHMENTS = 1000;

class WideDecoder extends Decoder {
  constructor() {
    super({ maxAttachments: MAX_ATTACHMENTS });
  }
}

/** Pass as `parser` to `io(...)` and `new Server(...)`. */
export const socketParser = { Encoder, Decoder: WideDecoder };
