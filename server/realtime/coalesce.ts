/**
 * Gathers what is pushed during one turn of the event loop and hands it over as one list on the
 * next (setImmediate). An alert-engine pass or a plan book pass changes many items synchronously; sent
 * one message each, a storm made nine of ten messages a screen received alert and plan updates, each
 * framed and parsed on its own. Order is kept; nothing is dropped or merged.
 */
export function coalesce<T>(emit: (items: T[]) => void): (item: T) => void {
  let pending: T[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const items = pending;
    pending = [];
    emit(items);
  };
  return (item) => {
    pending.push(item);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
