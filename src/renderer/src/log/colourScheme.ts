// Whether the system asks for the light theme (style.css follows the same media query), as a ref that follows it:
// colours that JavaScript hands out (a hop kind's colour in the log, the legend) switch with the stylesheet.
import { ref } from 'vue';

const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: light)') : null;

export const prefersLight = ref(query?.matches ?? false);
query?.addEventListener?.('change', (e) => { prefersLight.value = e.matches; });
