/**
 * The resource types' phase workflows, listed as Mistral workflows under their stable names
 * (`stackhook.<Name>.<phase>`). They are read-only: they change with the type files.
 */
import fs from 'node:fs';
import yaml from 'js-yaml';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import { workflowNameOf, type ResourceType, type WorkflowRole } from '../resource-types/resource-type.js';
import type { WorkflowDefinitionRecord } from '../store/definition-records.js';
import type { Phase } from '../store/records.js';
import { inputText, interfaceOf } from './definition-views.js';
import { nameUuid } from './wire.js';

export const PHASES: readonly Phase[] = ['create', 'update', 'delete', 'suspend', 'resume'];

export interface TypeWorkflow {
  type: ResourceType;
  role: WorkflowRole;
  record: WorkflowDefinitionRecord;
}

export class TypeWorkflows {
  private readonly byName = new Map<string, TypeWorkflow>();
  private readonly byId = new Map<string, TypeWorkflow>();

  constructor(types: ResourceTypeRegistry) {
    for (const type of types.list()) {
      const roles: WorkflowRole[] = [...PHASES, ...(type.workflows.decide ? ['decide' as const] : [])];
      const createdAt = fileTime(type.file);
      for (const role of roles) {
        const entry = { type, role, record: recordOf(type, role, createdAt) };
        this.byName.set(entry.record.name, entry);
        this.byId.set(entry.record.id, entry);
      }
    }
  }

  find(nameOrId: string): TypeWorkflow | undefined {
    return this.byName.get(nameOrId) ?? this.byId.get(nameOrId);
  }

  list(): TypeWorkflow[] {
    return [...this.byName.values()];
  }

  /** Whether a name is reserved for the types' workflows (uploads may not take it). */
  isReserved(name: string): boolean {
    return name.startsWith('stackhook.');
  }
}

function recordOf(type: ResourceType, role: WorkflowRole, createdAt: number): WorkflowDefinitionRecord {
  const name = workflowNameOf(type.name, role);
  const spec = type.workflows[role];
  const body = spec?.raw ?? {
    description: `${type.name} has no ${role} workflow: the phase succeeds without running one.`,
    tasks: { noop: { action: 'std.noop' } },
  };
  const definition = yaml.dump({ version: '2.0', [name]: body }, { noArrayIndent: true, lineWidth: -1, noRefs: true });
  return {
    id: nameUuid(name), name, namespace: '', workbookName: null, definition, body,
    input: spec ? inputText(spec.input) : '', interface: interfaceOf(body), tags: ['stackhook', type.name],
    scope: 'public', createdAt, updatedAt: null,
  };
}

function fileTime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}
