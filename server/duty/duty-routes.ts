import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { evaluationRoutes } from '../routes/evaluation';
import { planRoutes } from '../routes/plans';
import { rosterRoutes } from '../routes/roster';
import { routingRoutes } from '../routes/routing';

/** Every "who answers" route: dispatch routing, duty roster, response plans, evaluation. */
export const dutyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(routingRoutes);
  await app.register(rosterRoutes);
  await app.register(planRoutes);
  await app.register(evaluationRoutes);
};
