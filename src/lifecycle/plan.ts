import type { StoreCommand } from '../store/commands.js';
import type { ResourceRecord, SignalRecord } from '../store/records.js';

/**
 * One lifecycle decision in the making: the signal and resources as they will be, and the commands
 * that make them so. Applied in one transaction with whatever the engine planned alongside.
 */
export class Plan {
  readonly commands: StoreCommand[] = [];
  readonly abortActions: string[] = [];
  /** The execution the signal's current step runs, when it runs one. */
  executionId: string | null = null;
  private readonly resources = new Map<string, ResourceRecord>();
  /** The signal's fields this plan changed: only those are written, and only they are news. */
  private readonly touched = new Set<keyof SignalRecord>(['updatedAt']);

  constructor(readonly signal: SignalRecord, private readonly isNew: boolean, readonly now: number) {}

  resource(id: string | null): ResourceRecord | undefined {
    return id === null ? undefined : this.resources.get(id);
  }

  /** Makes a stored resource part of the plan, so later steps see and change it. */
  adopt(resource: ResourceRecord | undefined): ResourceRecord | undefined {
    if (resource) this.resources.set(resource.id, resource);
    return resource;
  }

  insertResource(resource: ResourceRecord): ResourceRecord {
    this.resources.set(resource.id, resource);
    this.commands.push({ kind: 'insert_resource', resource: { ...resource } });
    return resource;
  }

  updateResource(resource: ResourceRecord, patch: Partial<ResourceRecord>): void {
    Object.assign(resource, patch, { updatedAt: this.now });
    this.commands.push({ kind: 'update_resource', id: resource.id, patch: { ...patch, updatedAt: this.now } });
  }

  updateSignal(patch: Partial<SignalRecord>): void {
    Object.assign(this.signal, patch, { updatedAt: this.now });
    for (const key of Object.keys(patch)) this.touched.add(key as keyof SignalRecord);
  }

  /** The signal's own row goes first: the engine's rows refer to it. */
  toCommands(): StoreCommand[] {
    const patch = Object.fromEntries([...this.touched].map((key) => [key, this.signal[key]]));
    const own: StoreCommand = this.isNew
      ? { kind: 'insert_signal', signal: { ...this.signal } }
      : { kind: 'update_signal', id: this.signal.id, patch };
    return [own, ...this.commands];
  }
}
