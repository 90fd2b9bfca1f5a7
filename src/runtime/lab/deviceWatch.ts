// The WebGPU device the lab worker's models run on: its loss is told to the
// page, which falls back to WASM and re-ranks; the test hook destroys it, as a
// driver reset would.
import { LabError } from '../engine/manifest';
import type { WebOrt } from '../ort/ortWeb';

export class DeviceWatch {
  private hooked = false;
  private device: GPUDevice | null = null;

  constructor(private readonly lost: (message: string) => void) {}

  /** Once, when the first model is ready (the device exists from its session on). */
  async hook(web: WebOrt): Promise<void> {
    if (this.hooked) return;
    this.hooked = true;
    this.device = await web.device();
    void this.device?.lost.then((info) => this.lost(info.message || info.reason || 'device lost'));
  }

  destroy(): void {
    if (!this.device) throw new LabError('no WebGPU device in use');
    this.device.destroy();
  }
}
