/**
 * A person's portrait placeholder: their initials in a circle. No remote image is ever loaded (a photo
 * would tell a server which names the reader looks up); decorative, since the name is the card's heading.
 */

/** "Sergei Shoigu" -> "SS", "Volodymyr Zelenskyy" -> "VZ", "Madonna" -> "M"; letters of any script. */
export function initials(name: string): string {
  const words = name
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s\-‐–]+/u)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((word) => word !== '' && /^\p{Lu}|^\p{Lo}|^\p{N}/u.test(word));
  const picked = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return picked.map((word) => [...word][0]!.toLocaleUpperCase()).join('');
}

export function Portrait({ name }: { name: string }) {
  const letters = initials(name) || '?';
  return (
    <span class="portrait" data-part="portrait" aria-hidden="true">
      {letters}
    </span>
  );
}
