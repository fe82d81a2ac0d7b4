export * from './analytics.ts';
export * from './default-pipeline.ts';
export * from './forecast.ts';
export * from './money.ts';
export * from './probability.ts';
export * from './rates.ts';
