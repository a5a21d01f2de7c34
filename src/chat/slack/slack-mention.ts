/** A stored person or group as Slack shows them: user ids (`U…`, `W…`) and user groups (`S…`) as mentions, anything else as is. */
export function slackMention(person: string): string {
  if (/^S[A-Z0-9]{2,}$/.test(person)) return `<!subteam^${person}>`;
  return /^[UW][A-Z0-9]{2,}$/.test(person) ? `<@${person}>` : person;
}
