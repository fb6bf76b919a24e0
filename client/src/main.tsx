import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/app';
import { session } from '@/lib/session';
import './styles.css';

// Picks up the stored session (if any) and follows sign-ins and sign-outs in other tabs.
session.start();

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element');
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
