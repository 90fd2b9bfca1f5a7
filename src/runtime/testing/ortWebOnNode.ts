// For WorkerHost tests in Node: ortWeb.ts's loadWebOrt with onnxruntime-node
// standing in for ORT-web (`vi.mock('./ortWeb', () => import('./testing/ortWebOnNode'))`).
import type { WebOrt } from '../ort/ortWeb';
import { nodeOrt } from '../ort/node';

export async function loadWebOrt(): Promise<WebOrt> {
  return { ort: nodeOrt, sessionOptions: {}, device: async () => null, gpuTensor: async () => { throw new Error('no GPU'); } };
}
