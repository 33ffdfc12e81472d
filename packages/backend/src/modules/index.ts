export { exampleKeysModule } from './exampleKeys/exampleKeysModule';
export { webhookNotifierModule } from './webhookNotifier/webhookNotifierModule';
