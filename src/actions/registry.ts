import type { ActionDefinition } from './action.js';

/** The actions workflows may call, by name. */
export class ActionRegistry {
  private readonly byName = new Map<string, ActionDefinition>();

  constructor(definitions: readonly ActionDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: ActionDefinition): void {
    if (this.byName.has(definition.name)) throw new Error(`action ${definition.name} is registered twice`);
    this.byName.set(definition.name, definition);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): ActionDefinition | undefined {
    return this.byName.get(name);
  }

  list(): ActionDefinition[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Input with defaults applied, or a message in the form of Mistral's for missing and unexpected
   * parameters: "Invalid input [name=std.echo, missing=[output], unexpected=[x]]". An action with
   * its own `prepareInput` (a plugin's input schema) checks the input itself.
   */
  prepareInput(definition: ActionDefinition, input: Record<string, unknown>): Record<string, unknown> {
    if (definition.prepareInput) return definition.prepareInput(input);
    const known = new Set(definition.params.map((p) => p.name));
    const missing = definition.params.filter((p) => p.required && !(p.name in input)).map((p) => p.name);
    const unexpected = definition.acceptsExtra ? [] : Object.keys(input).filter((k) => !known.has(k));
    if (missing.length || unexpected.length) {
      throw new Error(`Invalid input [name=${definition.name}, missing=[${missing.join(', ')}], unexpected=[${unexpected.join(', ')}]]`);
    }
    const prepared = { ...input };
    for (const p of definition.params) if (!p.required && !(p.name in prepared)) prepared[p.name] = p.default ?? null;
    return prepared;
  }
}
