/** A stored person as Slack shows them: user ids (`U…`, `W…`) as mentions, anything else as is. */
export function slackMention(person: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(person) ? `<@${person}>` : person;
}
