import { asRecord, type RuleContext } from "./raw-view";

/** `notifications.security` names at least one channel (email or oncall). */
export function checkNotifications(ctx: RuleContext): void {
  const security = asRecord(asRecord(ctx.root.notifications)?.security);
  if (!security) return;
  if (security.email === undefined && security.oncall === undefined) {
    ctx.report(
      ["notifications", "security"],
      "security-channel-empty",
      "names no channel: give email (the security team's address) or oncall (a reference such as pagerduty:PXXXXXX), or both",
    );
  }
}
