import { Router, type Request, type RequestHandler, type Response } from 'express';
import {
  findMessage,
  findMessageFile,
  INCOMING_STATE_FILTERS,
  listConversation,
  listFetches,
  listIncoming,
  listOutgoing,
  latestProductNotifications,
  recordFetch,
  type IncomingFilters,
} from '../../db/queries/messages.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import { mayUseMessages, messageProductOf, messageProductsFor, productAudience } from '../../domain/message-access.ts';
import { listNotifications } from '../../db/queries/users.ts';
import type { MessageProduct } from '../../domain/message-types.ts';
import { denyAccess } from '../authorize.ts';
import { messagesPath, productNotificationsPath } from '../views/message-parts.ts';
import { notificationList } from '../views/notifications.ts';
import type { WebDeps } from '../deps.ts';
import { queryText } from '../form-input.ts';
import { sendPage } from '../render.ts';
import { messageDetailPage } from '../views/message-detail.ts';
import { aanleverenPage, type AanleverenView } from '../views/messages-aanleveren.ts';
import { incomingCodes, ophalenPage } from '../views/messages-ophalen.ts';
import { PRODUCT_LABELS } from '../../domain/user.ts';
import { uploadHandler } from './message-upload.ts';
import { notFound } from './not-found.ts';
import { CURSOR_PARAMETER, parseCursor } from '../paging.ts';

const actorOf = (res: Response) => res.locals.actor as MunicipalActor;
const productOf = (req: Request): MessageProduct => messageProductOf(req.params.product)!;

/**
 * Tabs Aanleveren and Ophalen of iWmo, iJw and iEb, and one message with its
 * download. Who may: a Gebruiker of the product (iEb: of iWmo, domain/message-access.ts). Every
 * read is scoped to the actor's own municipality: a message of another one is "not found".
 */
export function messagesRouter(deps: WebDeps): Router {
  const router = Router();

  /** An unknown product does not exist (404, before any permission check); a known one needs the right. */
  const productGuard: RequestHandler = async (req, res, next) => {
    const product = messageProductOf(req.params.product);
    if (!product) return notFound(req, res);
    if (!mayUseMessages(res.locals.actor, product)) return denyAccess(deps.db, req, res, 'product.use');
    next();
  };

  /** A single message: refused outright to whoever may use no message product at all. */
  const anyProductGuard: RequestHandler = async (req, res, next) => {
    if (messageProductsFor(res.locals.actor).length === 0) return denyAccess(deps.db, req, res, 'product.use');
    next();
  };

  async function renderAanleveren(
    req: Request,
    res: Response,
    extra: Partial<AanleverenView> = {},
    status = 200,
  ): Promise<void> {
    const actor = actorOf(res);
    const product = productOf(req);
    // After an upload (a POST) the list starts at the newest, where the new message is.
    const cursor = req.method === 'GET' ? parseCursor(req.query[CURSOR_PARAMETER]) : undefined;
    const [outgoing, notifications] = await Promise.all([
      listOutgoing(deps.db, actor.gemeentecode, product, cursor),
      latestProductNotifications(deps.db, actor.gemeentecode, product),
    ]);
    const main = aanleverenPage({
      product,
      csrfToken: req.csrfToken?.(),
      outgoing,
      notifications,
      now: new Date(),
      laterPage: cursor !== undefined,
      ...extra,
    });
    sendPage(req, res, { title: `Aanleveren ${PRODUCT_LABELS[product]}`, main }, status);
  }

  // The product's messages start at Aanleveren (the menu links here).
  router.get('/:product', productGuard, (req, res) => res.redirect(303, messagesPath(productOf(req), 'aanleveren')));
  router.get('/:product/aanleveren', productGuard, (req, res) => renderAanleveren(req, res));
  router.post('/:product/aanleveren', productGuard, uploadHandler(deps, renderAanleveren));

  router.get('/:product/meldingen', productGuard, async (req, res) => {
    const actor = actorOf(res);
    const product = productOf(req);
    const from = parseCursor(req.query[CURSOR_PARAMETER]);
    const page = await listNotifications(deps.db, productAudience(actor.gemeentecode, product), from);
    sendPage(req, res, {
      title: `Meldingen ${PRODUCT_LABELS[product]}`,
      main: notificationList(page, { path: productNotificationsPath(product), laterPage: from !== undefined }),
    });
  });

  router.get('/:product/ophalen', productGuard, async (req, res) => {
    const actor = actorOf(res);
    const product = productOf(req);
    const filters = incomingFilters(req, product);
    const cursor = parseCursor(req.query[CURSOR_PARAMETER]);
    const [incoming, notifications] = await Promise.all([
      listIncoming(deps.db, actor.gemeentecode, product, filters, cursor),
      latestProductNotifications(deps.db, actor.gemeentecode, product),
    ]);
    sendPage(req, res, {
      title: `Ophalen ${PRODUCT_LABELS[product]}`,
      main: ophalenPage({
        product,
        filters,
        incoming,
        notifications,
        now: new Date(),
        laterPage: cursor !== undefined,
      }),
    });
  });

  /** The message of the actor's municipality whose product the actor may use; otherwise answered here. */
  async function messageFor(req: Request, res: Response) {
    const actor = actorOf(res);
    const message = await findMessage(deps.db, actor.gemeentecode, String(req.params.id));
    if (!message) return void notFound(req, res);
    if (!mayUseMessages(actor, message.product)) return void (await denyAccess(deps.db, req, res, 'product.use'));
    return message;
  }

  router.get('/bericht/:id', anyProductGuard, async (req, res) => {
    const message = await messageFor(req, res);
    if (!message) return;
    const actor = actorOf(res);
    const [conversation, fetches] = await Promise.all([
      listConversation(deps.db, actor.gemeentecode, message),
      listFetches(deps.db, actor.gemeentecode, message.id),
    ]);
    sendPage(req, res, {
      title: `Bericht ${message.messageCode}`,
      main: messageDetailPage({ message, conversation, fetches, now: new Date() }),
    });
  });

  router.get('/bericht/:id/download', anyProductGuard, async (req, res) => {
    const message = await messageFor(req, res);
    if (!message) return;
    const actor = actorOf(res);
    const file = await findMessageFile(deps.db, actor.gemeentecode, message.fileId);
    if (!file) return notFound(req, res);
    await recordFetch(deps.db, {
      gemeentecode: actor.gemeentecode,
      messageId: message.id,
      fetchedBy: actor.userKey,
      product: message.product,
      messageCode: message.messageCode,
    });
    req.log.info({ user: actor.userKey, message: message.id }, 'message fetched');
    res
      .status(200)
      .set({
        'Content-Type': 'application/xml',
        'Content-Disposition': `attachment; filename="${safeFileName(message.fileName || file.fileName, message.id)}"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Length': String(file.content.length),
      })
      .end(file.content);
  });

  return router;
}

/** Query filters of tab Ophalen; an unknown value is ignored (the filter shows "Alle"). */
function incomingFilters(req: Request, product: MessageProduct): IncomingFilters {
  const code = queryText(req, 'code');
  const status = INCOMING_STATE_FILTERS.find((s) => s === queryText(req, 'status'));
  const opgehaald = queryText(req, 'opgehaald');
  return {
    ...(incomingCodes(product).includes(code) ? { code } : {}),
    ...(status ? { status } : {}),
    ...(opgehaald === 'ja' || opgehaald === 'nee' ? { opgehaald } : {}),
  };
}

/**
 * A file name fit for a Content-Disposition header: ASCII letters, digits, dot, dash and
 * underscore only (no quotes, no path, no header injection), ending in .xml.
 */
export function safeFileName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  const stem = cleaned.replace(/\.xml$/i, '') || fallback.replace(/[^A-Za-z0-9_-]/g, '_') || 'bericht';
  return `${stem}.xml`;
}
