// Generated from openapi.yaml by `npm run openapi` (openapi-typescript); do not edit.
// test/contract/typed-client.test.ts checks it is current.
export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness
     * @description Always 200 while the process serves HTTP, also during a model reload. Needs no key; like every route it refuses a malformed request (400) or an encoded body (415).
     */
    get: operations['getLiveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness
     * @description 200 once a model bundle is loaded and warmed; 503 before. Needs no key.
     */
    get: operations['getReadiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/recommendations/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Recommend items for a user
     * @description User state -> query tower -> candidate sources (HNSW nearest items; related, neighbours, fresh, trending when their quotas are on), merged -> watch-time ranker -> rules (request filters, no watched or disliked items, demotion of items like disliked ones, freshness boost, MMR diversity, per-topic cap, long-tail floor, provider cap) -> top k.
     */
    get: operations['getRecommendations'];
    put?: never;
    /**
     * Recommend items for a user (parameters as JSON)
     * @description The list of GET /recommendations/{userId}, its parameters in a JSON body: for what a URL cannot carry, such as an exclude list of up to 1000 ids or ids with commas. A user id of "batch" is POST /recommendations/batch: ask for that user with GET.
     */
    post: operations['postRecommendations'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/items/{itemId}/similar': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Items related to an item
     * @description Nearest items in the embedding space (the "related videos" source); precomputed for popular items.
     */
    get: operations['getSimilarItems'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/recommendations/batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Recommend items for many users
     * @description Up to 100 users in one call (emails, push notifications), each with its own k, filters and placement. The results come in the order asked, each with its own status: a user that fails or takes longer than RECO_BATCH_USER_BUDGET_MS is answered in place with the error body, and the others are not held up. The lists are not paged. Reading many users, it needs the same client key as one user.
     */
    post: operations['postRecommendationsBatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/placements': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the placements
     * @description The surfaces a request may name (`placement`): built-in home, watch-next and email, and those of the configuration file, each with its page sizes and its overrides of the bundle’s rules and candidate quotas (a request’s own parameters override them in turn).
     */
    get: operations['getPlacements'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/{userId}/similar': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Users closest to a user
     * @description Nearest users by their current query embedding ψ(x) (the neighbours source's index: the bundle's users and everyone recommended to since, bounded by RECO_USER_INDEX_SIZE). A user with no watches is placed by their profile and context.
     */
    get: operations['getSimilarUsers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record user events
     * @description Validates and durably stores events (SQLite WAL with synchronous writes, or PostgreSQL after COMMIT) before answering 202. The next recommendation for each user reflects them, on every replica: watched items leave the list and join the history, disliked items never come back. A batch is all-or-nothing and idempotent on eventId; 503 STORE_UNAVAILABLE means nothing was acknowledged: retry with the same eventIds.
     */
    post: operations['postEvents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/items': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add or update catalogue items
     * @description Stores catalogue items durably (upsert by itemId; a batch is all-or-nothing) before answering 202. Items the served model has not seen are embedded by its item tower from their content (topic, tags, duration, age) and can be recommended at once, without retraining (cold start); other replicas pick them up within RECO_RELOAD_INTERVAL_MS. The next training takes them in (reco train --from-store).
     */
    post: operations['putItems'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/{userId}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A user's stored events
     * @description What reco stored for a user (item events and searches), newest first, a page at a time. The cursor is a position in the store (time, then insertion order), so events stored meanwhile never shift a page or repeat. A user with nothing stored gets an empty page. Needs an admin key (personal data).
     */
    get: operations['getUserEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The state a user is served from
     * @description For support and debugging: the user's served history (latest watches with times), counts by type of the stored events it reads, dislikes, searches, first and last seen, and whether the bundle or the store knows them. Needs an admin key (personal data).
     */
    get: operations['getUser'];
    put?: never;
    post?: never;
    /**
     * Forget a user
     * @description Deletes the user's events and searches from the event store and records the erasure there (so it survives restarts and reaches every replica), drops their cached state and closest-users entry on every replica and worker, and ignores them in the served bundle's snapshot: the next request for them is a cold start. 202 once durable. The next training leaves them out; a bundle trained before keeps their influence in its weights until then (README, "Erasure"). Idempotent. Needs an admin key.
     */
    delete: operations['deleteUser'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/items/{itemId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Retire a catalogue item
     * @description Retires the item for good: hidden from every answer as with PATCH `hidden: true` (and reaching other workers and replicas the same way), and left out of every later training with its events. 202 once durable. Idempotent.
     */
    delete: operations['deleteItem'];
    options?: never;
    head?: never;
    /**
     * Hide, show or edit a catalogue item
     * @description `hidden` writes the item's flag durably, then the item leaves (or rejoins) every list, page and similar-items answer of this process at once, of the other workers of a `--workers` host as soon as they hear it from the primary, and of other replicas within RECO_RELOAD_INTERVAL_MS. Content fields (topic, tags, durationSec, provider; the limits of POST /items) are stored with the rest of the item's record and re-embedded through the item tower at once on this process and this host's workers. A refused request changes nothing. 409 ITEM_RETIRED for `hidden: false` on a retired item.
     */
    patch: operations['patchItem'];
    trace?: never;
  };
  '/admin/reload': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reload the model bundle
     * @description Loads the bundle that models/current points at beside the served one, validates and warms it, then swaps it in. A bundle that fails validation is refused (422) and the old one keeps serving.
     */
    post: operations['reloadModel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/retrain': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Retraining status
     * @description Whether a training is running, the outcome of the last run and the count of runs per outcome since start.
     */
    get: operations['getRetrainStatus'];
    put?: never;
    /**
     * Retrain from the stored events now
     * @description Trains from the event store, the stored catalogue and the served bundle (its catalogue, users and histories are merged in, so a retrain cannot shrink the world) in a child process. By default it answers 202 at once (`running`: a training was already under way and this request joined it) and the new bundle is hot-reloaded when written. With `wait=true` it answers when the run is over: 200 with the outcome, or 409 when the new bundle was refused (its catalogue or users shrank by more than RECO_RETRAIN_MAX_SHRINK, or it scored below the served bundle on the same validation users; the served bundle keeps serving; `details` holds the figures). `allowShrink=true` serves it anyway. Needs an admin key.
     */
    post: operations['startRetrain'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** ErrorBody */
    ErrorBody: {
      error: {
        /** @description Stable machine-readable error code, e.g. VALIDATION_ERROR */
        code: string;
        /** @description Human-readable explanation */
        message: string;
        /** @description Per-field problems, when there are any */
        details?: unknown;
      };
    };
    /** EventInput */
    EventInput: {
      /** @description User id: a string, or a JSON integer read as its decimal string */
      userId: string | number;
      /** @description Item id: a string, or a JSON integer read as its decimal string. Required on every type but search; refused on search */
      itemId?: string | number;
      /** @description impression = shown; watch, like, dislike, skip = reactions; search = a query typed */
      type: 'impression' | 'watch' | 'like' | 'dislike' | 'skip' | 'search';
      /** @description The search text (search events only, required there), 1 to 512 characters */
      query?: string;
      /** @description Seconds watched (watch events only; absent = a plain positive) */
      watchTime?: number;
      /** @description ISO 8601 date-time or epoch milliseconds; default: the time the server receives it */
      timestamp?: string | number;
      /** @description Client id; a retry with the same id is not stored twice */
      eventId?: string;
      context?: {
        device?: string;
        country?: string;
      };
      /** @description The `recommendationId` of the list the item was shown in (item events only; not on searches) */
      recommendationId?: string;
      /** @description The item's 0-based place in that list (item events only) */
      position?: number;
    };
    /** ItemInput */
    ItemInput: {
      /** @description Item id */
      itemId: string;
      /** @description Main topic (genre) */
      topic: string;
      /** @description Free tags; hashed, so new tags need no retraining */
      tags: string[];
      /** @description Length in seconds */
      durationSec: number;
      /** @description Publish time, epoch milliseconds */
      publishedAt: number;
      /** @description Who made the item (creator, studio); optional, for the fair-exposure rules */
      provider?: string;
      pinned?: {
        /** @description Start, epoch ms */
        from: number;
        /** @description End (exclusive), epoch ms */
        until: number;
        /** @description 1-based position in the list */
        slot?: number;
      };
    };
    /** RetrainOutcome */
    RetrainOutcome: {
      status: 'served' | 'refused' | 'failed' | 'unchanged';
      /** @description When the run ended (ISO 8601) */
      at: string;
      /** @description Why it was refused or failed: CATALOGUE_SHRANK, USERS_SHRANK, QUALITY_DROPPED, TRAINING_FAILED, RELOAD_REFUSED */
      code?: string;
      message?: string;
      current?: {
        version?: string;
        items: number;
        users: number;
        /** @description Retrieval NDCG@10 on the shared validation rows */
        quality?: number;
      };
      candidate?: {
        items: number;
        users: number;
        /** @description Retrieval NDCG@10 on the shared validation rows */
        quality?: number;
      };
      modelVersion?: string;
      ms?: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getLiveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ok';
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unsupported Media Type, `error.code` one of:
       *     - `UNSUPPORTED_MEDIA_TYPE`: a content type other than application/json, or a charset other than UTF-8
       *     - `UNSUPPORTED_CONTENT_ENCODING`: a Content-Encoding other than identity
       */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getReadiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ready';
            modelVersion: string;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unsupported Media Type, `error.code` one of:
       *     - `UNSUPPORTED_MEDIA_TYPE`: a content type other than application/json, or a charset other than UTF-8
       *     - `UNSUPPORTED_CONTENT_ENCODING`: a Content-Encoding other than identity
       */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getRecommendations: {
    parameters: {
      query?: {
        /** @description Items per page; default the placement's defaultK (10 without a placement), at most its maxK */
        k?: number;
        /** @description Request context: device */
        device?: string;
        /** @description Request context: country */
        country?: string;
        /** @description Add per-item traces of every stage and rule */
        explain?: boolean;
        /** @description Comma-separated topics: only items of these topics */
        topics?: string;
        /** @description Comma-separated topics: no items of these topics */
        excludeTopics?: string;
        /** @description Only items published at most this many days ago */
        maxAgeDays?: number;
        /** @description Override the freshness rule's boost for this request */
        freshnessBoost?: number;
        /** @description Override the MMR trade-off (1 = relevance only) */
        diversityLambda?: number;
        /** @description Override the per-topic cap (0 = no cap) */
        maxPerTopic?: number;
        /** @description Override the provider cap: most items of one provider per 10 positions (0 = no cap) */
        maxPerProvider?: number;
        /** @description Override the long-tail floor: items per 10 positions from outside the most watched longTailHeadPercent % (0 = off) */
        longTailMin?: number;
        /** @description Override the head of the long-tail floor: the most watched share of items (per cent) */
        longTailHeadPercent?: number;
        /** @description Override the long-tail margin: a tail item replaces a head item only when it scores at least (1 − margin) × its score */
        longTailMargin?: number;
        /** @description Items to place after ranking and the rules, as in a,b:3 (b at position 3; unslotted ones first); unknown items are skipped */
        pinned?: string;
        /** @description Candidate quotas by source for this request, as in ann:150,fresh:20 (sources: ann, related, neighbours, fresh, trending; 0 turns one off; the others keep the model's quotas) */
        sources?: string;
        /** @description Comma-separated items the list must not contain (already on screen), at most 1000; dropped before ranking, so the list still has k items when it can. Longer lists, or ids with commas: POST */
        exclude?: string;
        /** @description The surface asking (GET /placements lists them: home, watch-next, email, the configuration file's) */
        placement?: string;
        /** @description nextCursor of the previous page: the next page of the same list (the other parameters may be left out; given, they must be the same) */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description Any user id; unknown users get a cold-start list */
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            userId: string;
            /** @description Version of the model bundle that answered */
            modelVersion: string;
            /** @description Unique id of the computed list (16 random bytes, base64url), the same on every page of it: send it back with POST /events */
            recommendationId: string;
            /** @description Pass as `cursor` for the next page of the same list; null on the last page */
            nextCursor: string | null;
            items: {
              itemId: string;
              /** @description Ranking score, higher first: exp(ψ·v − max ψ·v) × E[watch time]^β (β learnt at training; 0 = retrieval order), after rule adjustments. explain=true shows the expected watch time. */
              score: number;
              rank: number;
              explain?: {
                /** @description ψ(x)·v from the candidate generator */
                retrievalScore: number;
                /** @description 1-based rank among the retrieved candidates (0: pinned, not retrieved) */
                retrievalRank: number;
                /** @description Expected watch time (seconds) from the ranker, before rules; absent when the model has no ranker (trained on data without impressions) */
                rankerScore?: number;
                rules: {
                  rule: string;
                  action: 'moved' | 'boosted' | 'demoted';
                  /** @description 1-based position before the rule */
                  from?: number;
                  /** @description 1-based position after the rule */
                  to?: number;
                  /** @description Score multiplier the rule applied */
                  factor?: number;
                }[];
                /** @description The candidate sources that produced the item */
                sources?: {
                  /** @enum {string} */
                  source: 'ann' | 'related' | 'neighbours' | 'fresh' | 'trending' | 'pinned';
                  /** @description 1-based rank in that source's list */
                  rank: number;
                }[];
              };
            }[];
            /** @description With explain=true: candidates the rules removed, and why */
            removed?: {
              itemId: string;
              rule: string;
              reason: string;
            }[];
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Gone, `error.code` one of:
       *     - `CURSOR_EXPIRED`: the paged list is gone (older than RECO_PAGE_TTL_MS, evicted, or issued by another server process: paging needs session affinity); ask for the first page again, with exclude= for the items already shown
       */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postRecommendations: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Any user id; unknown users get a cold-start list */
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Items per page; default the placement's defaultK (10 without a placement), at most its maxK */
          k?: number;
          /** @description Items the list must not contain (already on screen), at most 1000 */
          exclude?: string[];
          /** @description Candidate quotas by source; the others keep the model's */
          sources?: {
            ann?: number;
            related?: number;
            neighbours?: number;
            fresh?: number;
            trending?: number;
          };
          /** @description Items placed after ranking and the rules (at `slot`, else first) */
          pinned?: {
            itemId: string;
            slot?: number;
          }[];
          /** @description Post-filters: only these topics, none of these, at most this old */
          filters?: {
            topics?: string[];
            excludeTopics?: string[];
            maxAgeDays?: number;
          };
          /** @description Request context */
          context?: {
            device?: string;
            country?: string;
          };
          /** @description Overrides of the bundle's rule parameters (the README's rules table) */
          rules?: {
            /** @description Override the freshness rule's boost for this request */
            freshnessBoost?: number;
            /** @description Override the MMR trade-off (1 = relevance only) */
            diversityLambda?: number;
            /** @description Override the per-topic cap (0 = no cap) */
            maxPerTopic?: number;
            /** @description Override the provider cap: most items of one provider per 10 positions (0 = no cap) */
            maxPerProvider?: number;
            /** @description Override the long-tail floor: items per 10 positions from outside the most watched longTailHeadPercent % (0 = off) */
            longTailMin?: number;
            /** @description Override the head of the long-tail floor: the most watched share of items (per cent) */
            longTailHeadPercent?: number;
            /** @description Override the long-tail margin: a tail item replaces a head item only when it scores at least (1 − margin) × its score */
            longTailMargin?: number;
          };
          /** @description Add per-item traces of every stage and rule */
          explain?: boolean;
          /** @description The surface asking (GET /placements lists them: home, watch-next, email, the configuration file's) */
          placement?: string;
          /** @description nextCursor of the previous page: the next page of the same list (the other parameters may be left out; given, they must be the same) */
          cursor?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            userId: string;
            /** @description Version of the model bundle that answered */
            modelVersion: string;
            /** @description Unique id of the computed list (16 random bytes, base64url), the same on every page of it: send it back with POST /events */
            recommendationId: string;
            /** @description Pass as `cursor` for the next page of the same list; null on the last page */
            nextCursor: string | null;
            items: {
              itemId: string;
              /** @description Ranking score, higher first: exp(ψ·v − max ψ·v) × E[watch time]^β (β learnt at training; 0 = retrieval order), after rule adjustments. explain=true shows the expected watch time. */
              score: number;
              rank: number;
              explain?: {
                /** @description ψ(x)·v from the candidate generator */
                retrievalScore: number;
                /** @description 1-based rank among the retrieved candidates (0: pinned, not retrieved) */
                retrievalRank: number;
                /** @description Expected watch time (seconds) from the ranker, before rules; absent when the model has no ranker (trained on data without impressions) */
                rankerScore?: number;
                rules: {
                  rule: string;
                  action: 'moved' | 'boosted' | 'demoted';
                  /** @description 1-based position before the rule */
                  from?: number;
                  /** @description 1-based position after the rule */
                  to?: number;
                  /** @description Score multiplier the rule applied */
                  factor?: number;
                }[];
                /** @description The candidate sources that produced the item */
                sources?: {
                  /** @enum {string} */
                  source: 'ann' | 'related' | 'neighbours' | 'fresh' | 'trending' | 'pinned';
                  /** @description 1-based rank in that source's list */
                  rank: number;
                }[];
              };
            }[];
            /** @description With explain=true: candidates the rules removed, and why */
            removed?: {
              itemId: string;
              rule: string;
              reason: string;
            }[];
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Gone, `error.code` one of:
       *     - `CURSOR_EXPIRED`: the paged list is gone (older than RECO_PAGE_TTL_MS, evicted, or issued by another server process: paging needs session affinity); ask for the first page again, with exclude= for the items already shown
       */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Payload Too Large, `error.code` one of:
       *     - `PAYLOAD_TOO_LARGE`: the body (or a chunk extension) is larger than the limit (RECO_BODY_LIMIT_BYTES)
       */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unsupported Media Type, `error.code` one of:
       *     - `UNSUPPORTED_MEDIA_TYPE`: a content type other than application/json, or a charset other than UTF-8
       *     - `UNSUPPORTED_CONTENT_ENCODING`: a Content-Encoding other than identity
       */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getSimilarItems: {
    parameters: {
      query?: {
        /** @description Number of items */
        k?: number;
        /** @description Leave out this user's watched and disliked items */
        userId?: string;
      };
      header?: never;
      path: {
        itemId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            itemId: string;
            modelVersion: string;
            items: {
              itemId: string;
              /** @description Inner product of the two item embeddings */
              score: number;
              rank: number;
            }[];
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Not Found, `error.code` one of:
       *     - `NOT_FOUND`: no such route
       *     - `ITEM_NOT_FOUND`: the item is not in the served catalogue
       *     - `USER_NOT_FOUND`: the user is neither in the served bundle nor in the event store
       */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postRecommendationsBatch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description 1 to 100 users, each with the parameters of POST /recommendations/{userId} but cursor */
          requests: {
            userId: string;
            /** @description Items per page; default the placement's defaultK (10 without a placement), at most its maxK */
            k?: number;
            /** @description Items the list must not contain (already on screen), at most 1000 */
            exclude?: string[];
            /** @description Candidate quotas by source; the others keep the model's */
            sources?: {
              ann?: number;
              related?: number;
              neighbours?: number;
              fresh?: number;
              trending?: number;
            };
            /** @description Items placed after ranking and the rules (at `slot`, else first) */
            pinned?: {
              itemId: string;
              slot?: number;
            }[];
            /** @description Post-filters: only these topics, none of these, at most this old */
            filters?: {
              topics?: string[];
              excludeTopics?: string[];
              maxAgeDays?: number;
            };
            /** @description Request context */
            context?: {
              device?: string;
              country?: string;
            };
            /** @description Overrides of the bundle's rule parameters (the README's rules table) */
            rules?: {
              /** @description Override the freshness rule's boost for this request */
              freshnessBoost?: number;
              /** @description Override the MMR trade-off (1 = relevance only) */
              diversityLambda?: number;
              /** @description Override the per-topic cap (0 = no cap) */
              maxPerTopic?: number;
              /** @description Override the provider cap: most items of one provider per 10 positions (0 = no cap) */
              maxPerProvider?: number;
              /** @description Override the long-tail floor: items per 10 positions from outside the most watched longTailHeadPercent % (0 = off) */
              longTailMin?: number;
              /** @description Override the head of the long-tail floor: the most watched share of items (per cent) */
              longTailHeadPercent?: number;
              /** @description Override the long-tail margin: a tail item replaces a head item only when it scores at least (1 − margin) × its score */
              longTailMargin?: number;
            };
            /** @description Add per-item traces of every stage and rule */
            explain?: boolean;
            /** @description The surface asking (GET /placements lists them: home, watch-next, email, the configuration file's) */
            placement?: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            results: (
              | {
                  /** @enum {number} */
                  status: 200;
                  userId: string;
                  /** @description Version of the model bundle that answered */
                  modelVersion: string;
                  /** @description Unique id of the computed list (16 random bytes, base64url), the same on every page of it: send it back with POST /events */
                  recommendationId: string;
                  items: {
                    itemId: string;
                    /** @description Ranking score, higher first: exp(ψ·v − max ψ·v) × E[watch time]^β (β learnt at training; 0 = retrieval order), after rule adjustments. explain=true shows the expected watch time. */
                    score: number;
                    rank: number;
                    explain?: {
                      /** @description ψ(x)·v from the candidate generator */
                      retrievalScore: number;
                      /** @description 1-based rank among the retrieved candidates (0: pinned, not retrieved) */
                      retrievalRank: number;
                      /** @description Expected watch time (seconds) from the ranker, before rules; absent when the model has no ranker (trained on data without impressions) */
                      rankerScore?: number;
                      rules: {
                        rule: string;
                        action: 'moved' | 'boosted' | 'demoted';
                        /** @description 1-based position before the rule */
                        from?: number;
                        /** @description 1-based position after the rule */
                        to?: number;
                        /** @description Score multiplier the rule applied */
                        factor?: number;
                      }[];
                      /** @description The candidate sources that produced the item */
                      sources?: {
                        /** @enum {string} */
                        source: 'ann' | 'related' | 'neighbours' | 'fresh' | 'trending' | 'pinned';
                        /** @description 1-based rank in that source's list */
                        rank: number;
                      }[];
                    };
                  }[];
                  /** @description With explain=true: candidates the rules removed, and why */
                  removed?: {
                    itemId: string;
                    rule: string;
                    reason: string;
                  }[];
                }
              | {
                  userId: string;
                  /** @description The status this user alone would have had */
                  status: number;
                  error: {
                    /** @description Stable machine-readable error code, e.g. VALIDATION_ERROR */
                    code: string;
                    /** @description Human-readable explanation */
                    message: string;
                    /** @description Per-field problems, when there are any */
                    details?: unknown;
                  };
                }
            )[];
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Payload Too Large, `error.code` one of:
       *     - `PAYLOAD_TOO_LARGE`: the body (or a chunk extension) is larger than the limit (RECO_BODY_LIMIT_BYTES)
       */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unsupported Media Type, `error.code` one of:
       *     - `UNSUPPORTED_MEDIA_TYPE`: a content type other than application/json, or a charset other than UTF-8
       *     - `UNSUPPORTED_CONTENT_ENCODING`: a Content-Encoding other than identity
       */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getPlacements: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            placements: {
              name: string;
              description: string;
              /** @description Items per page when the request gives no k */
              defaultK: number;
              /** @description Largest k a request may ask for */
              maxK: number;
              /** @description Overrides of the bundle's rule parameters (the README's rules table) */
              rules: {
                /** @description Override the freshness rule's boost for this request */
                freshnessBoost?: number;
                /** @description Override the MMR trade-off (1 = relevance only) */
                diversityLambda?: number;
                /** @description Override the per-topic cap (0 = no cap) */
                maxPerTopic?: number;
                /** @description Override the provider cap: most items of one provider per 10 positions (0 = no cap) */
                maxPerProvider?: number;
                /** @description Override the long-tail floor: items per 10 positions from outside the most watched longTailHeadPercent % (0 = off) */
                longTailMin?: number;
                /** @description Override the head of the long-tail floor: the most watched share of items (per cent) */
                longTailHeadPercent?: number;
                /** @description Override the long-tail margin: a tail item replaces a head item only when it scores at least (1 − margin) × its score */
                longTailMargin?: number;
              };
              /** @description Candidate quotas by source; the others keep the model's */
              sources: {
                ann?: number;
                related?: number;
                neighbours?: number;
                fresh?: number;
                trending?: number;
              };
            }[];
          };
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getSimilarUsers: {
    parameters: {
      query?: {
        /** @description Number of users */
        k?: number;
      };
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            userId: string;
            modelVersion: string;
            users: {
              userId: string;
              /** @description Cosine of the two users’ query embeddings ψ(x) */
              score: number;
              rank: number;
            }[];
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Not Found, `error.code` one of:
       *     - `NOT_FOUND`: no such route
       *     - `ITEM_NOT_FOUND`: the item is not in the served catalogue
       *     - `USER_NOT_FOUND`: the user is neither in the served bundle nor in the event store
       */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One event or an array of 1 to 10000. A batch is all-or-nothing. */
    requestBody: {
      content: {
        'application/json': components['schemas']['EventInput'] | components['schemas']['EventInput'][];
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Events stored by this request */
            accepted: number;
            /** @description Events whose eventId was already stored (not stored again) */
            duplicates: number;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Payload Too Large, `error.code` one of:
       *     - `PAYLOAD_TOO_LARGE`: the body (or a chunk extension) is larger than the limit (RECO_BODY_LIMIT_BYTES)
       */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unsupported Media Type, `error.code` one of:
       *     - `UNSUPPORTED_MEDIA_TYPE`: a content type other than application/json, or a charset other than UTF-8
       *     - `UNSUPPORTED_CONTENT_ENCODING`: a Content-Encoding other than identity
       */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  putItems: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One item or an array of 1 to 10000. */
    requestBody: {
      content: {
        'application/json': components['schemas']['ItemInput'] | components['schemas']['ItemInput'][];
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Distinct items stored (inserted or updated) by this request */
            stored: number;
            /** @description Items new to the served model that it can recommend from now on (needs an item tower: itemRepresentation tower or both) */
            servable: number;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Payload Too Large, `error.code` one of:
       *     - `PAYLOAD_TOO_LARGE`: the body (or a chunk extension) is larger than the limit (RECO_BODY_LIMIT_BYTES)
       */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unsupported Media Type, `error.code` one of:
       *     - `UNSUPPORTED_MEDIA_TYPE`: a content type other than application/json, or a charset other than UTF-8
       *     - `UNSUPPORTED_CONTENT_ENCODING`: a Content-Encoding other than identity
       */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getUserEvents: {
    parameters: {
      query?: {
        /** @description Events per page */
        limit?: number;
        /** @description The `nextCursor` of the previous page (opaque); absent = the newest events */
        cursor?: string;
        /** @description Only events of this type */
        type?: 'impression' | 'watch' | 'like' | 'dislike' | 'skip' | 'search';
      };
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            userId: string;
            events: {
              /**
               * @description impression, watch, like, dislike, skip, or search
               * @enum {string}
               */
              type: 'impression' | 'watch' | 'like' | 'dislike' | 'skip' | 'search';
              /** @description Item events only */
              itemId?: string;
              /** @description Searches only */
              query?: string;
              watchTime?: number;
              /** @description Epoch milliseconds */
              timestamp: number;
              eventId?: string;
              context?: {
                device?: string;
                country?: string;
              };
              recommendationId?: string;
              position?: number;
            }[];
            /** @description Pass as `cursor` for the next (older) page; absent on the last */
            nextCursor?: string;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Forbidden, `error.code` one of:
       *     - `FORBIDDEN`: a client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            userId: string;
            modelVersion: string;
            known: {
              /** @description In the served bundle's snapshot (users.json), and not erased since */
              bundle: boolean;
              /** @description Has events or searches in the event store */
              store: boolean;
            };
            /** @description When the user was last erased, epoch ms */
            erasedAt?: number;
            /** @description The latest watches served from (at most 20), newest first */
            watches: {
              itemId: string;
              /** @description Epoch ms */
              at: number;
            }[];
            /** @description Distinct items in the served history */
            watchedCount: number;
            dislikedCount: number;
            /** @description Stored events the state read, by type; search: every stored search */
            counts: {
              impression: number;
              watch: number;
              like: number;
              dislike: number;
              skip: number;
              search: number;
            };
            /** @description Search tokens the query tower reads for the user */
            searchTokens: number;
            /** @description Earliest event or snapshot watch, epoch ms */
            firstSeen?: number;
            /** @description Latest event or snapshot watch, epoch ms */
            lastSeen?: number;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Forbidden, `error.code` one of:
       *     - `FORBIDDEN`: a client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Not Found, `error.code` one of:
       *     - `NOT_FOUND`: no such route
       *     - `ITEM_NOT_FOUND`: the item is not in the served catalogue
       *     - `USER_NOT_FOUND`: the user is neither in the served bundle nor in the event store
       */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  deleteUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            userId: string;
            /** @description Stored events and searches deleted */
            erasedEvents: number;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Forbidden, `error.code` one of:
       *     - `FORBIDDEN`: a client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  deleteItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        itemId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            itemId: string;
            /** @description Left out of every answer (reversible) */
            hidden: boolean;
            /** @description Retired for good (DELETE): hidden, and left out of training */
            retired: boolean;
            /** @description With content fields: whether the served model re-embedded the item from its new content at once (needs an item tower; otherwise the next training takes the new content in) */
            reembedded?: boolean;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Not Found, `error.code` one of:
       *     - `NOT_FOUND`: no such route
       *     - `ITEM_NOT_FOUND`: the item is not in the served catalogue
       *     - `USER_NOT_FOUND`: the user is neither in the served bundle nor in the event store
       */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  patchItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        itemId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description true: out of every list and similar-items answer; false: back in */
          hidden?: boolean;
          /** @description Main topic (genre) */
          topic?: string;
          /** @description Free tags; hashed, so new tags need no retraining */
          tags?: string[];
          /** @description Length in seconds */
          durationSec?: number;
          /** @description Who made the item (creator, studio); optional, for the fair-exposure rules */
          provider?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            itemId: string;
            /** @description Left out of every answer (reversible) */
            hidden: boolean;
            /** @description Retired for good (DELETE): hidden, and left out of training */
            retired: boolean;
            /** @description With content fields: whether the served model re-embedded the item from its new content at once (needs an item tower; otherwise the next training takes the new content in) */
            reembedded?: boolean;
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Not Found, `error.code` one of:
       *     - `NOT_FOUND`: no such route
       *     - `ITEM_NOT_FOUND`: the item is not in the served catalogue
       *     - `USER_NOT_FOUND`: the user is neither in the served bundle nor in the event store
       */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Conflict, `error.code` one of:
       *     - `ITEM_RETIRED`: the item was retired (DELETE /items/:itemId), which is for good: it cannot be shown again
       *     - `CATALOGUE_SHRANK`: the retrained bundle has fewer items than RECO_RETRAIN_MAX_SHRINK allows; the served one keeps serving
       *     - `USERS_SHRANK`: the retrained bundle has fewer users than RECO_RETRAIN_MAX_SHRINK allows; the served one keeps serving
       *     - `QUALITY_DROPPED`: the retrained bundle scored below the served one on the same validation users; the served one keeps serving
       *     - `RETRAIN_REFUSED`: the retrained bundle was refused for another reason; the served one keeps serving
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Payload Too Large, `error.code` one of:
       *     - `PAYLOAD_TOO_LARGE`: the body (or a chunk extension) is larger than the limit (RECO_BODY_LIMIT_BYTES)
       */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unsupported Media Type, `error.code` one of:
       *     - `UNSUPPORTED_MEDIA_TYPE`: a content type other than application/json, or a charset other than UTF-8
       *     - `UNSUPPORTED_CONTENT_ENCODING`: a Content-Encoding other than identity
       */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  reloadModel: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description False when current already was the served bundle */
            changed: boolean;
            modelVersion: string;
            previousVersion?: string;
          };
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Forbidden, `error.code` one of:
       *     - `FORBIDDEN`: a client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unprocessable Entity, `error.code` one of:
       *     - `BUNDLE_INVALID`: the model bundle is refused: invalid manifest, missing or truncated weights, low index recall or dimension mismatch
       */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getRetrainStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            running: boolean;
            last?: components['schemas']['RetrainOutcome'];
            outcomes: {
              [key: string]: number;
            };
          };
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Forbidden, `error.code` one of:
       *     - `FORBIDDEN`: a client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  startRetrain: {
    parameters: {
      query?: {
        /** @description Answer when the run is over, with its outcome */
        wait?: boolean;
        /** @description Serve the new bundle even if it is smaller or scores lower */
        allowShrink?: boolean;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RetrainOutcome'];
        };
      };
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            status: 'started' | 'running';
          };
        };
      };
      /**
       * @description Bad Request, `error.code` one of:
       *     - `VALIDATION_ERROR`: the request does not match its schema, or fails a check beyond it; `details` lists the fields
       *     - `INVALID_JSON`: the body is not JSON, is empty, or an object repeats a key
       *     - `INVALID_UTF8`: the body is not valid UTF-8
       *     - `INVALID_CONTENT_LENGTH`: Content-Length does not match the body
       *     - `BAD_URL`: the URL cannot be routed
       *     - `BAD_REQUEST`: any other request the server cannot read
       *     - `MALFORMED_REQUEST`: not HTTP/1.0 or HTTP/1.1, or HTTP/1.1 without a Host header
       *     - `INVALID_CURSOR`: the cursor is malformed or altered, or belongs to another user or to a request with other parameters
       *     - `UNKNOWN_PLACEMENT`: the placement is not configured (GET /placements lists those that are)
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Unauthorized, `error.code` one of:
       *     - `UNAUTHORIZED`: a missing or invalid API key (client routes when RECO_API_KEYS is set; admin routes when RECO_ADMIN_KEYS is)
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Forbidden, `error.code` one of:
       *     - `FORBIDDEN`: a client key on an admin route, or admin routes off because RECO_ADMIN_KEYS is empty
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Conflict, `error.code` one of:
       *     - `ITEM_RETIRED`: the item was retired (DELETE /items/:itemId), which is for good: it cannot be shown again
       *     - `CATALOGUE_SHRANK`: the retrained bundle has fewer items than RECO_RETRAIN_MAX_SHRINK allows; the served one keeps serving
       *     - `USERS_SHRANK`: the retrained bundle has fewer users than RECO_RETRAIN_MAX_SHRINK allows; the served one keeps serving
       *     - `QUALITY_DROPPED`: the retrained bundle scored below the served one on the same validation users; the served one keeps serving
       *     - `RETRAIN_REFUSED`: the retrained bundle was refused for another reason; the served one keeps serving
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Too Many Requests, `error.code` one of:
       *     - `RATE_LIMITED`: too many requests for the key (RECO_RATE_LIMIT) or too many failed authentications from the address (RECO_AUTH_FAILURE_LIMIT); see Retry-After
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description Service Unavailable, `error.code` one of:
       *     - `MODEL_NOT_READY`: no model bundle is loaded yet
       *     - `USER_BUDGET_EXCEEDED`: in POST /recommendations/batch, this user's list took longer than RECO_BATCH_USER_BUDGET_MS; the other users were answered, retry this one
       *     - `STORE_UNAVAILABLE`: the event store (or the shared state server) is unreachable; nothing was acknowledged, retry
       *     - `METRICS_UNAVAILABLE`: under --workers, a worker did not report its metrics in time
       *     - `TRAINING_FAILED`: a retraining could not run or did not finish; the served bundle keeps serving
       *     - `RELOAD_REFUSED`: the retrained bundle was written but the server refused to load it; the served one keeps serving
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
}
