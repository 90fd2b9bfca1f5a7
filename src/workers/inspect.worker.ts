// The inspect worker: the inspect panel's model runs (src/runtime/inspect/inspectHost.ts),
// off the lab worker so they never queue in front of a ranking request.
import { InspectHost } from '../runtime/inspect/inspectHost';
import { serve } from '../runtime/rpc';

serve(() => new InspectHost());
