// A banner over every panel when the runtime is stuck: its run queue has
// waited too long on one task (src/runtime/lab/stallWatch.ts), or the worker has
// gone silent (killed by the browser, or one call blocks it: client.ts).
// Whatever waits on a model then says why, and the user gets a way out.
import { useClientSnapshot } from '../../services/lab/useRuntime';

const WAY_OUT = 'If this does not clear, reload the page or switch the backend — labels are saved as they are given.';

export function StallBanner() {
  const { stall, silentS } = useClientSnapshot();
  if (silentS !== undefined) {
    return (
      <p className="warning" role="status" data-testid="runtime.silent" data-seconds={silentS}>
        The runtime worker has not answered for {silentS} s: it is blocked in one long call, or the browser stopped it
        (out of memory?). {WAY_OUT}
      </p>
    );
  }
  if (!stall) return null;
  return (
    <p className="warning" role="status" data-testid="runtime.stall" data-label={stall.label} data-seconds={stall.seconds}>
      The runtime has waited {stall.seconds} s on {stall.label}
      {stall.waiting > 0 ? `, with ${stall.waiting} more task${stall.waiting === 1 ? '' : 's'} queued behind it` : ''}. {WAY_OUT}
    </p>
  );
}
