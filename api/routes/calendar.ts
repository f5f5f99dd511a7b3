// The working calendar's days, and the date overrides admin and management set on them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { deleteCalendarOverride, listCalendarOverrides, putCalendarOverride } from '../../db/queries/calendar.ts';
import { companyCalendar } from '../../domain/company-calendar.ts';
import { datesBetween, dayOf, type DateOverride, type Day } from '../../domain/working-calendar.ts';
import { formatHours, parseHours } from '../../domain/working-week.ts';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { calendarDateParam, calendarDay, calendarDays, calendarRangeQuery, putCalendarDayBody } from '../calendar-schemas.ts';
import { notFound } from '../errors.ts';
import { errorResponses } from '../schemas.ts';

const view = (day: Day) => ({ ...day, hours: day.hours && formatHours(day.hours) });

export const calendarRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, config } = deps;
  const settings = { timezone: config.timezone, ...config.calendar };
  const days = async (from: string, to: string) => {
    const calendar = companyCalendar(settings, await listCalendarOverrides(db, { from, to }));
    return datesBetween(from, to).map((date) => view(dayOf(calendar, date)));
  };

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
    async (request) => ({ items: await days(request.query.from, request.query.to) }),
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
    async (request) => {
      const { date } = request.params;
      const { type, hours, comment } = request.body;
      const override: DateOverride = { type, hours: hours === undefined ? undefined : parseHours(hours), comment: comment || null };
      await putCalendarOverride(db, date, override, request.principal.id);
      const [day] = await days(date, date);
      return day!;
    },
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
    async (request) => {
      const { date } = request.params;
      if (!(await deleteCalendarOverride(db, date))) throw notFound(`An override of ${date}`);
      const [day] = await days(date, date);
      return day!;
    },
  );
};
