/** Request bodies of the workshop routes (docs/api.md, "Workshops"), validated with zod. */
import { z } from 'zod';
import { WORKSHOP_LIMITS } from '../../../common/src/workshop-api.js';

const labId = z.string().min(1).max(64);

export const CreateWorkshopBody = z.strictObject({
  title: z.string().trim().min(1, 'give the workshop a title').max(WORKSHOP_LIMITS.MAX_TITLE_CHARS)
    .transform((t) => t.replace(/[\p{Cc}\p{Cf}]/gu, '')),
  labs: z.array(labId).min(1, 'list at least one lab').max(WORKSHOP_LIMITS.MAX_LABS),
  maxParticipants: z.number().int().min(1).max(1000).optional(),
  maxSessions: z.number().int().min(1).max(10_000).optional(),
  stuckMinutes: z.number().int().min(1).max(240).optional(),
});

export const JoinBody = z.strictObject({
  code: z.string().max(32),
  name: z.string().max(400),
});

export const AnnouncementBody = z.strictObject({
  message: z.string().trim().min(1, 'the message is empty').max(WORKSHOP_LIMITS.MAX_ANNOUNCEMENT_CHARS)
    .transform((t) => t.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? c : ''))),
});

/** The broadcast body is optional: `{}` or no body shares the workshop's first lab. */
export const BroadcastBody = z.strictObject({ lab: labId.optional() });

export const StartSessionBody = z.strictObject({ lab: labId });

export const KeyboardAnswerBody = z.strictObject({
  sessionId: z.string().min(1).max(64),
  allow: z.boolean(),
});
