/**
 * The one error a lab that cannot be used produces. Its message is for the lab's
 * author and always starts with where to look:
 *
 *   labs/hello/lab.yaml: steps.0.dir: "01-x" has no verify.sh
 *   labs/hello/quiz.yaml: line 4, column 3: Nested mappings are not allowed …
 */
export class LabError extends Error {
  override readonly name = 'LabError';

  /**
   * @param file    path of the offending file or folder, starting with the labs
   *                folder's own name (`labs/hello/lab.yaml`), as an author sees it
   *                in the repository.
   * @param field   dotted path inside the file (`steps.0.dir`), or '' when the
   *                problem is the file itself (missing, empty, bad YAML).
   * @param problem what is wrong, without the location.
   * @param line    1-based line in the file, when known.
   */
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(formatLabError(file, field, problem, line));
  }
}

function formatLabError(file: string, field: string, problem: string, line?: number): string {
  const where = field === '' ? `${file}: ` : `${file}: ${field}: `;
  // The line goes last so that the "file: field:" prefix stays stable for grep.
  const atLine = line === undefined || field === '' ? '' : ` (line ${line})`;
  return `${where}${problem}${atLine}`;
}
