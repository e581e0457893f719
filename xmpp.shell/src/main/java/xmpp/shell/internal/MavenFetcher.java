package xmpp.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;

/**
 * Fetches one artifact through Maven's resolver: the local repository first, then the configured
 * remote ones, with checksums checked as Maven checks them. Only the artifact itself: which other
 * bundles it needs is the OSGi resolver's question, answered against the running framework.
 */
final class MavenFetcher {

    private final List<RemoteRepository> remotes = new ArrayList<>();
    private final Path localRepository;

    MavenFetcher(List<String> repositoryUrls, Path localRepository) {
        int n = 0;
        for (String url : repositoryUrls) {
            if (!url.isBlank()) remotes.add(new RemoteRepository.Builder("repository-" + ++n, "default", url.strip()).build());
        }
        this.localRepository = localRepository;
    }

    /** The artifact's file in the local repository, downloaded there first when missing. */
    Path fetch(String coordinates) throws ModuleInstallException {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new ModuleInstallException("'" + coordinates + "' is not <groupId>:<artifactId>:<version> (or g:a:extension:version)");
        }
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (RepositorySystemSession.CloseableSession session = system.createSessionBuilder()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                .build()) {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, remotes, null)).getArtifact().getPath();
        } catch (ArtifactResolutionException e) {
            throw new ModuleInstallException("cannot fetch " + coordinates + ": " + e.getMessage());
        } finally {
            system.shutdown();
        }
    }
}
