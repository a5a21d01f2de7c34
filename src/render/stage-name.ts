/** A stage as people read it: `in_progress` → `In progress`, `code-review` → `Code review`. */
export function stageName(stage: string): string {
  const words = stage.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : stage;
}
