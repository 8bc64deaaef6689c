import type { ActionRegistry } from '../actions/registry.js';
import type { Dispatcher } from '../engine/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import type { OutboundHttp } from '../http/outbound.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { Logger } from '../logger.js';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import type { Store } from '../store/store.js';
import type { MistralCatalog } from './catalog.js';
import type { TypeWorkflows } from './type-workflows.js';

/** What the Mistral API's routes need from the composition root. */
export interface MistralApiDeps {
  store: Store;
  engine: Engine;
  dispatcher: Dispatcher;
  lifecycle: Lifecycle;
  types: ResourceTypeRegistry;
  typeWorkflows: TypeWorkflows;
  catalog: MistralCatalog;
  actions: ActionRegistry;
  logger: Logger;
  bodyLimitBytes: number;
  /** Outbound HTTP for actions run directly (std.http and the like). */
  http: OutboundHttp;
}
