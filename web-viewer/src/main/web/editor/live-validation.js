// Live validation of the unsaved grid set (POST /villages/{code}/validation). At most one request is
// in flight; the changes made meanwhile are validated together the moment it returns, so while a
// vertex is dragged the map follows as fast as the server answers, with no fixed wait. Each result
// shown records its latency: from the first change it covers to the result drawn (the editor
// benchmark reads them; docs/EDITOR.md).

/**
 * @param request () => Promise of the validation of the grids as they are now (read at send time)
 * @param show    (result) => void, draws it
 * @param fail    (error) => void
 */
export function createLiveValidation({ request, show, fail }) {
  const latencies = [];
  let inFlight = false;
  let pendingSince = null;
  let generation = 0;

  async function pump() {
    if (inFlight || pendingSince === null) return;
    const since = pendingSince;
    const asked = generation;
    pendingSince = null;
    inFlight = true;
    try {
      const result = await request();
      if (asked === generation) {
        show(result);
        latencies.push(performance.now() - since);
        if (latencies.length > 1000) latencies.shift();
      }
    } catch (e) {
      if (asked === generation) fail(e);
    } finally {
      inFlight = false;
      pump();
    }
  }

  return {
    /** Something the validation looks at changed: validate now, or as soon as the request in flight returns. */
    changed() {
      if (pendingSince === null) pendingSince = performance.now();
      pump();
    },
    /** Another village: answers still in flight are dropped. */
    reset() {
      generation += 1;
      pendingSince = null;
    },
    latencies,
  };
}
