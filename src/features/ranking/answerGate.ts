// Which rank answers the ranking panel shows. The panel re-sends its request on every readiness
// event (a model or index becoming ready) as well as on typing; the worker answers in order, but
// a re-sent request can wait behind the next model's session creation there. An older answer for
// the same inputs is therefore still worth showing at once: on the cold start, dropping it kept
// the first rows off screen for as long as that next model took to load.
export class AnswerGate {
  private latest = 0;
  private shown = 0;
  private inputs = '';

  /**
   * A request for `inputs` (query, zone, top-K, models) is about to be made: its ticket, and how
   * long to wait first. Typing is debounced; the first request (a query from the link, once the
   * doc set is in) and a re-send of the same inputs go at once.
   */
  next(inputs: string, debounceMs: number): { ticket: number; wait: number } {
    const wait = !this.inputs || inputs === this.inputs ? 0 : debounceMs;
    this.inputs = inputs;
    return { ticket: ++this.latest, wait };
  }

  /** Whether the answer to `ticket`, asked for `inputs`, is shown: newer than the one on screen, for what is asked now. */
  accept(ticket: number, inputs: string): boolean {
    if (ticket <= this.shown || inputs !== this.inputs) return false;
    this.shown = ticket;
    return true;
  }

  /** Whether no request was made after `ticket` (an error or "still ranking" is only worth showing then). */
  isLatest(ticket: number): boolean {
    return ticket === this.latest;
  }
}
