// Moved: the single-message check now lives with its rule tables in validation/.
export { checkMessage, type MessageCheck } from '../../validation/check-message.ts';
