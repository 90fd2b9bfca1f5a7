// Session slice: which backend the user asked for and which one runs, and why.
import type { StateCreator } from 'zustand';
import type { BackendChoice, Capabilities } from '../../core/backend';
import type { BackendRequest } from '../../core/domain';
import type { LabState } from '../store';

export interface SessionSlice {
  backendRequest: BackendRequest;
  capabilities: Capabilities | null;
  backend: BackendChoice | null;
  setBackendRequest: (r: BackendRequest) => void;
  setCapabilities: (c: Capabilities) => void;
  setBackend: (b: BackendChoice) => void;
}

export const createSessionSlice: StateCreator<LabState, [], [], SessionSlice> = (set) => ({
  backendRequest: 'auto',
  capabilities: null,
  backend: null,
  setBackendRequest: (backendRequest) => set({ backendRequest }),
  setCapabilities: (capabilities) => set({ capabilities }),
  setBackend: (backend) => set({ backend }),
});
