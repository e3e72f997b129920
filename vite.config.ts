/** @module vite.config — builds the SolidJS web app from web/ into dist/web, which the API serves. */
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  root: 'web',
  plugins: [solid()],
  // ExcelJS (~930 kB) is its own chunk, fetched only when a workbook is downloaded.
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
