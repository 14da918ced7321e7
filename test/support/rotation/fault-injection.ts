/** Thrown in place of a call's result, after the call took effect: the "response lost" crash. */
export class InjectedCrash extends Error {
  constructor(
    readonly callNumber: number,
    readonly call: string,
  ) {
    super(`injected crash after external call #${callNumber} (${call})`);
    this.name = "InjectedCrash";
  }
}

/**
 * Counts the external calls of one rotation (Secrets Manager, database, key broker) and crashes
 * after the chosen one. Sessions opened through it are remembered, so the harness can close what a
 * crashed "process" left open, as Lambda's freeze would.
 */
export class CallBudget {
  calls = 0;
  readonly log: string[] = [];
  private readonly openSessions = new Set<{ close(): Promise<void> }>();

  constructor(public crashAfter: number | undefined = undefined) {}

  /** Wraps every method of `target`; `wrapResult` may instrument what a method returns (sessions). */
  instrument<T extends object>(target: T, label: string, wrapResult?: (method: string, result: unknown) => unknown): T {
    const budget = this;
    return new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== "function" || typeof property !== "string") return value;
        return async (...args: unknown[]) => {
          const result = await value.apply(object, args);
          budget.calls++;
          const name = `${label}.${property}`;
          budget.log.push(name);
          const wrapped = wrapResult ? wrapResult(property, result) : result;
          if (budget.calls === budget.crashAfter) throw new InjectedCrash(budget.calls, name);
          return wrapped;
        };
      },
    });
  }

  /** A database session: instrumented and tracked until closed. */
  trackSession<S extends { close(): Promise<void> }>(session: S): S {
    this.openSessions.add(session);
    const budget = this;
    const instrumented = this.instrument(session, "session");
    return new Proxy(instrumented, {
      get(object, property, receiver) {
        if (property === "close") {
          return async () => {
            budget.openSessions.delete(session);
            return (Reflect.get(object, property, receiver) as () => Promise<void>)();
          };
        }
        return Reflect.get(object, property, receiver);
      },
    });
  }

  async closeLeakedSessions(): Promise<void> {
    for (const session of [...this.openSessions]) await session.close().catch(() => undefined);
    this.openSessions.clear();
  }
}
