/**
 * The agency's workflow settings as the core uses them: read once from the settings file,
 * changed only through `workflow:update-settings` (admin, audited), written back at once.
 */
import { workflowSettingsSchema, type WorkflowSettings } from '../../contract/workflow';
import { describeIssues } from '../../contract/hub';
import { loadSettings, saveWorkflowSettings } from '../settings/settings';
import { composeQuery, TemplateError } from '../clets/compose';

export class SettingsRefused extends Error {
  constructor(readonly details: string[]) {
    super('these workflow settings cannot be used');
    this.name = 'SettingsRefused';
  }
}

export class WorkflowConfig {
  private current: WorkflowSettings;
  /** The agency's ORI, the originating agency of every CLETS query. */
  readonly ori: string;

  constructor(
    private readonly dataDir: string,
    /** The environment the core was opened with: overrides and IT's provisioning file. */
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    const settings = loadSettings(dataDir, env);
    this.current = settings.workflow;
    this.ori = settings.agencyOri;
  }

  get(): WorkflowSettings {
    return this.current;
  }

  /** Validates the change as a whole and stores it; returns the settings before and after. */
  update(patch: Partial<WorkflowSettings>): { before: WorkflowSettings; after: WorkflowSettings } {
    const parsed = workflowSettingsSchema.safeParse({ ...this.current, ...patch });
    if (!parsed.success) throw new SettingsRefused(describeIssues(parsed.error));
    try {
      // A camera read never has a plate year or type: the template must work without them.
      composeQuery({ ori: this.ori, plate: '1ABC234', state: 'CA' }, parsed.data.cletsTemplate);
    } catch (err) {
      if (err instanceof TemplateError) throw new SettingsRefused([`cletsTemplate: ${err.message}`]);
      throw err;
    }
    const before = this.current;
    saveWorkflowSettings(this.dataDir, parsed.data, this.env);
    this.current = parsed.data;
    return { before, after: parsed.data };
  }
}
