import { StackhookError } from '../errors.js';
import type { ResourceType } from './resource-type.js';

/** The loaded types, by the name template authors write. */
export class ResourceTypeRegistry {
  private readonly byName: ReadonlyMap<string, ResourceType>;

  constructor(types: readonly ResourceType[]) {
    this.byName = new Map(types.map((t) => [t.name, t]));
  }

  find(name: string): ResourceType | undefined {
    return this.byName.get(name);
  }

  get(name: string): ResourceType {
    const type = this.byName.get(name);
    if (!type) throw new StackhookError('RESOURCE_TYPE_NOT_FOUND', `No resource type ${name} is loaded`, { type: name });
    return type;
  }

  list(): ResourceType[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
