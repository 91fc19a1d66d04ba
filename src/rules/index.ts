/** The Rules module's public surface: reloading rules and media profiles on a live service. */
export { RulesModule } from './rules.module';
export { RulesReloader, type ReloadResult } from './rules-reloader.service';
