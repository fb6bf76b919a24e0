import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Route, Routes } from 'react-router';
import { Loading } from '@/components/loading';
import { AuthPage } from '@/features/auth/components/auth-page';
import { CreateLivestreamPage } from '@/features/livestreams/components/create-livestream-page';
import { InvitePage } from '@/features/livestreams/components/invite-page';
import { LivestreamListPage } from '@/features/livestreams/components/livestream-list-page';
import { StreamPage } from '@/features/livestreams/components/stream-page';
import { AppProvider } from './provider';
import { Layout } from './layout';

// Charts are heavy (recharts): only these pages load them.
const StreamAnalyticsPage = lazy(() => import('@/features/analytics/components/stream-analytics-page'));
const CreatorDashboardPage = lazy(() => import('@/features/analytics/components/creator-dashboard-page'));

export function App() {
  return (
    <AppProvider>
      <Layout>
        <Routes>
          <Route path="/" element={<LivestreamListPage />} />
          <Route path="/new" element={<CreateLivestreamPage />} />
          <Route path="/streams/:id" element={<StreamPage />} />
          <Route path="/streams/:id/analytics" element={<Lazy page={<StreamAnalyticsPage />} />} />
          <Route path="/analytics" element={<Lazy page={<CreatorDashboardPage />} />} />
          <Route path="/invites/:code" element={<InvitePage />} />
          <Route path="/sign-in" element={<AuthPage mode="sign-in" />} />
          <Route path="/sign-up" element={<AuthPage mode="sign-up" />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Layout>
    </AppProvider>
  );
}

function Lazy({ page }: { page: ReactNode }) {
  return <Suspense fallback={<Loading label="Loading…" />}>{page}</Suspense>;
}

function NotFound() {
  return (
    <div className="page empty">
      <p>There is nothing here.</p>
      <Link className="button" to="/">
        See the livestreams
      </Link>
    </div>
  );
}
