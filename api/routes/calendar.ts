// The working calendar's days, and the date overrides admin and management set on them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { calendarDateParam, calendarDay, calendarDays, calendarRangeQuery, putCalendarDayBody } from '../calendar-schemas.ts';
import { errorResponses } from '../schemas.ts';
import { daysBetween, overrideDay, removeDayOverride } from '../services/calendar.ts';

export const calendarRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/calendar/days',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['calendar'],
        summary: 'Working calendar days',
        description: 'Each date from `from` to `to` (both included, at most 366 days): working day, short day or day off, its hours and why.',
        querystring: calendarRangeQuery,
        response: { ...errorResponses, 200: calendarDays },
      },
    },
    async (request) => ({ items: await daysBetween(deps, request.query.from, request.query.to) }),
  );

  app.put(
    '/calendar/days/:date',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['calendar'],
        summary: 'Override a date',
        description:
          'Makes a date a working day, a short day or a day off, whatever the usual week and public holidays say. Deadlines computed from now on follow it.',
        params: calendarDateParam,
        body: putCalendarDayBody,
        response: { ...errorResponses, 200: calendarDay },
      },
    },
    async (request) => overrideDay(deps, request.params.date, request.body, request.principal.id),
  );

  app.delete(
    '/calendar/days/:date',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['calendar'],
        summary: 'Remove a date override',
        description: 'The date is again what the usual week and public holidays make it; 404 when it had no override.',
        params: calendarDateParam,
        response: { ...errorResponses, 200: calendarDay },
      },
    },
    async (request) => removeDayOverride(deps, request.params.date),
  );
};
