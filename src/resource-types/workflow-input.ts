import type { WorkflowSpec } from '../workflow/spec.js';

/**
 * The workflow contract: a workflow's input is the resource's properties. A workflow that
 * declares `input` must accept every property, and may only require what is always present.
 */
export function checkWorkflowInput(
  spec: WorkflowSpec,
  propertyNames: readonly string[],
  alwaysPresent: (property: string) => boolean,
  path: (string | number)[],
  at: (path: (string | number)[], message: string) => void,
): void {
  if (spec.input.length === 0) return;
  const accepted = new Set(spec.input.map((p) => p.name));
  for (const property of propertyNames) {
    if (!accepted.has(property)) at([...path, 'input'], `does not accept property "${property}"; a workflow that declares input must accept every property`);
  }
  for (const param of spec.input) {
    if (!param.required) continue;
    if (!propertyNames.includes(param.name)) {
      at([...path, 'input'], `requires "${param.name}", which is not a property of the type; give it a default`);
    } else if (!alwaysPresent(param.name)) {
      at([...path, 'input'], `requires "${param.name}", but the property is optional and has no default`);
    }
  }
}
