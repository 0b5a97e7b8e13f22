// C helpers for signals that carry data: the value a sigqueue(3) sender attached, shown from
// inside the receiver's SA_SIGINFO handler, as the lab's signal.delivered event shows it.
import type { CHelper } from './prelude';

export const SIGNAL_HELPERS: readonly CHelper[] = [
  {
    name: 'show_sigvalue',
    uses: ['say'],
    code: `/*
 * Shows the integer a signal sent with sigqueue(3) carried (si_code SI_QUEUE, si_value.sival_int),
 * from inside its SA_SIGINFO handler: "[receiver] step [1]: SIGRTMIN+1 value 2". A kill() has no
 * value and shows nothing. Only write(2) here: async-signal-safe (signal-safety(7)).
 */
static void show_sigvalue(const char *what, const char *signal, const siginfo_t *info)
{
    const char *parts[] = { "[", me, "] ", what, ": ", signal, " value " };
    char line[256];
    char digits[12];
    size_t n = 0, d = 0;
    int value = info->si_value.sival_int;
    unsigned int magnitude = value < 0 ? 0u - (unsigned int)value : (unsigned int)value;
    if (info->si_code != SI_QUEUE)
        return;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        for (const char *c = parts[i]; *c != '\\0' && n < sizeof line - 16; c++)
            line[n++] = *c;
    if (value < 0)
        line[n++] = '-';
    do {
        digits[d++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    while (d > 0)
        line[n++] = digits[--d];
    line[n++] = '\\n';
    say(2, line, n);
}`,
  },
];
