// The autosave the scenario store uses: IndexedDB for the full draft, localStorage for small ones and as the
// fallback where IndexedDB is missing. Its own module so store tests can swap the IndexedDB part for a fake.
import { DraftAutosave } from './draftAutosave';
import { indexedDbDraftKv } from './indexedDbDraft';

export function draftAutosave(): DraftAutosave {
  return new DraftAutosave(indexedDbDraftKv(), localStorage);
}
