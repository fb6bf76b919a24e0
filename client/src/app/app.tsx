import { Link, Route, Routes } from 'react-router';
import { Welcome } from '@/components/welcome';
import { CreateLivestreamPage } from '@/features/livestreams/components/create-livestream-page';
import { LivestreamListPage } from '@/features/livestreams/components/livestream-list-page';
import { StreamPage } from '@/features/livestreams/components/stream-page';
import { useIdentity } from '@/hooks/use-identity';
import { AppProvider } from './provider';
import { Layout } from './layout';

export function App() {
  return (
    <AppProvider>
      <AppRoutes />
    </AppProvider>
  );
}

function AppRoutes() {
  const identity = useIdentity();
  if (!identity) {
    return <Welcome />;
  }
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<LivestreamListPage />} />
        <Route path="/new" element={<CreateLivestreamPage />} />
        <Route path="/streams/:id" element={<StreamPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
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
