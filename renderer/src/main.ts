import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { guardControls } from './model/controlsGuard';
import './styles/base.css';

const root = document.getElementById('app')!;
guardControls(root); // before the first render: no user text is ever painted raw
createApp(App).use(createPinia()).mount(root);
