// The inspect engine over onnxruntime-node, for tests, e2e reference values
// and scripts: the same numbers the browser shows, computed natively.
import { InspectEngine } from './inspectEngine';
import { fileSource, nodeOrt, nodeSessionOptions, readManifest } from '../ort/node';

export function openInspectNode(modelsDir: string, threads = 1): InspectEngine {
  return new InspectEngine({ ort: nodeOrt, sessionOptions: nodeSessionOptions(threads), models: fileSource(modelsDir) }, readManifest(modelsDir));
}
