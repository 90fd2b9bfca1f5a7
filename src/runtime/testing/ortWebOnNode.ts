// For WorkerHost tests in Node: ortWeb.ts's loadWebOrt with onnxruntime-node
// standing in for ORT-web (`vi.mock('./ortWeb', () => import('./testing/ortWebOnNode'))`).
import type { WebOrt } from '../ortWeb';
import { nodeOrt } from '../node';

export async function loadWebOrt(): Promise<WebOrt> {
  return { ort: nodeOrt, sessionOptions: {}, device: async () => null, gpuTensor: async () => { throw new Error('no GPU'); } };
}
