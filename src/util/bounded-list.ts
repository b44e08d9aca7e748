/** `a, b, c … and 5 more`: a list bounded for a one-line message (an org may have hundreds of divisions or presences). */
export function boundedList(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} … and ${names.length - max} more`;
}
