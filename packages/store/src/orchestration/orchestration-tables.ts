/** The orchestration service's tables: each strategy, kept whole as one JSON document. */
export interface OrchestrationTables {
  strategies: StrategyTable;
}

export interface StrategyTable {
  name: string;
  uuid: string;
  document: string;
  updated_at: number;
}
