// Renderer entry: the transport module starts listening for Electron's lab port as soon as it loads (import order).
import './transport/connect';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import './style.css';

createApp(App).use(createPinia()).mount('#app');
