/*
 * The credential locations of the model, by id. A location found in the synth output and declared
 * by the intent is one location: later details fill in, earlier defined ones are kept, and the
 * origins add up.
 */
import type { Location } from "../types";
import { byText } from "../../../shared/text-order";

export class LocationSet {
  private readonly byId = new Map<string, Location>();

  add(location: Location): void {
    const previous = this.byId.get(location.id);
    if (!previous) {
      this.byId.set(location.id, location);
      return;
    }
    const origin = [...new Set([...previous.origin, ...location.origin])].sort(byText) as Location["origin"];
    this.byId.set(location.id, { ...previous, ...location, ...definedOnly(previous), origin } as Location);
  }

  values(): IterableIterator<Location> {
    return this.byId.values();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
