// The export part of the contract: a scenario as a C program that does the same (main/export-c).
import { z } from 'zod';

export const exportMethods = {
  'scenario.exportC': {
    // The document as the editor holds it; the engine validates it (INVALID_SCENARIO otherwise).
    args: z.object({ scenario: z.unknown() }).strict(),
    result: z.object({ code: z.string() }),
  },
};
