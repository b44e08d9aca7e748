import type { RequestItem } from '../postman.js';
import type { BuildContext } from '../requests.js';
import type { TemplateNode } from '../template.js';

/** What one resource kind contributes to a collection: its Setup requests and its Teardown request(s). */
export interface KindSteps {
  setup(n: TemplateNode, c: BuildContext): RequestItem[];
  teardown(n: TemplateNode, c: BuildContext): RequestItem[];
  /** Collection variables the kind chains beyond `pk_<logical>_id` (declared so the file lists them). */
  variables?(n: TemplateNode): string[];
  /** Needs the home division id (`pk_homeDivisionId`). */
  homeDivision?: boolean;
}
