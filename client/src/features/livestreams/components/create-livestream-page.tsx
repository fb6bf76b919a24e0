import { Link, useNavigate } from 'react-router';
import { useRequiredIdentity } from '@/hooks/use-identity';
import { CreateLivestreamForm } from './create-livestream-form';

export function CreateLivestreamPage() {
  const identity = useRequiredIdentity();
  const navigate = useNavigate();
  return (
    <div className="page page-narrow">
      <Link className="back-link" to="/">
        ← All livestreams
      </Link>
      <div className="page-heading">
        <h1>Start a livestream</h1>
        <p className="muted">
          You will host it as <strong>{identity.displayName}</strong>; it goes live as soon as it is created.
        </p>
      </div>
      <CreateLivestreamForm creator={identity} onCreated={(stream) => void navigate(`/streams/${stream.id}`)} />
    </div>
  );
}
