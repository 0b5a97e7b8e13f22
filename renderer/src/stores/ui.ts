import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

export type Theme = 'light' | 'dark';
export type BottomTab = 'problems' | 'processes' | 'results' | 'console' | 'timeline';
/** The window's areas: the lab itself, and the views around it (see views/ViewRouter.ts). */
export type Area = 'lab' | 'lessons' | 'guide' | 'comparison' | 'bench' | 'system';
export interface Toast { id: number; text: string; tone: 'info' | 'error' | 'success' }
interface ConfirmRequest { title: string; message: string; confirm: string; cancel: string; resolve: (ok: boolean) => void }

const stored = <T>(key: string, fallback: T): T => {
  try {
    const text = localStorage.getItem(`process-lab:${key}`);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
};
const persist = (key: string, value: unknown) => {
  try {
    localStorage.setItem(`process-lab:${key}`, JSON.stringify(value));
  } catch {
    // Private windows may refuse storage: preferences then last for the session only.
  }
};

/** Window-level state: theme, panel sizes, the bottom tab, messages and the confirm dialog. */
export const useUiStore = defineStore('ui', () => {
  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const theme = ref<Theme>(stored('theme', prefersDark ? 'dark' : 'light'));
  const sizes = ref(stored('sizes', { palette: 190, inspector: 430, bottom: 250 }));
  const minimap = ref<boolean>(stored('minimap', true));
  const bottomTab = ref<BottomTab>('problems');
  const area = ref<Area>('lab');
  const galleryOpen = ref(true);
  const shortcutsOpen = ref(false);
  const runsOpen = ref(false);
  const toasts = ref<Toast[]>([]);
  const confirmRequest = ref<ConfirmRequest | null>(null);
  let toastId = 0;

  watch(theme, (value) => {
    document.documentElement.dataset.theme = value;
    persist('theme', value);
  }, { immediate: true });
  watch(sizes, (value) => persist('sizes', value), { deep: true });
  watch(minimap, (value) => persist('minimap', value));

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  function toast(text: string, tone: Toast['tone'] = 'info', ms = 4000): void {
    const id = ++toastId;
    toasts.value = [...toasts.value.slice(-3), { id, text, tone }];
    setTimeout(() => (toasts.value = toasts.value.filter((t) => t.id !== id)), ms);
  }

  function confirm(title: string, message: string, confirmLabel = 'Discard changes', cancel = 'Cancel'): Promise<boolean> {
    confirmRequest.value?.resolve(false);
    return new Promise((resolve) => {
      confirmRequest.value = { title, message, confirm: confirmLabel, cancel, resolve };
    });
  }
  function answer(ok: boolean): void {
    confirmRequest.value?.resolve(ok);
    confirmRequest.value = null;
  }

  return { theme, sizes, minimap, bottomTab, area, galleryOpen, shortcutsOpen, runsOpen, toasts, confirmRequest, toggleTheme, toast, confirm, answer };
});
